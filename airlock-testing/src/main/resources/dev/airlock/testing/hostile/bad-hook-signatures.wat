;; bad-hook-signatures: hooks whose exports have the wrong kind or type.
;;
;; Attack: memory, alloc and dealloc are correct, but the hooks are not (ptr: i32, len: i32) -> i64
;; or (ptr: i32, len: i32) -> ():
;;   run           (i32) -> i32
;;   takes_floats  (f32, f32) -> i64
;;   returns_pair  (i32, i32) -> (i32, i32)   (multi-value)
;;   returns_i32   (i32, i32) -> i32
;;   pre_query     a global, not a function
;;   post_query    a table, not a function
;; A correct host: refuses each call (or the module at load, for hooks the manifest declares)
;; with a message naming the hook, the expected type and the declared one; it never calls a
;; function with arguments of the wrong type.
(module
  ;; Raw ABI: the plugin's memory, and a bump allocator that never frees and grows memory
  ;; as needed.
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (func $alloc (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local $end i32)
    (local.set $ptr (global.get $next))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.lt_u (local.get $end) (local.get $ptr)) (then unreachable))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq
              (memory.grow
                (i32.sub
                  (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16))
                  (memory.size)))
              (i32.const -1))
          (then unreachable))))
    (global.set $next (local.get $end))
    (local.get $ptr))
  (func (export "dealloc") (param i32 i32))

  (func (export "run") (param i32) (result i32)
    (i32.const 0))
  (func (export "takes_floats") (param f32 f32) (result i64)
    (i64.const 0))
  (func (export "returns_pair") (param i32 i32) (result i32 i32)
    (i32.const 1024) (i32.const 4))
  (func (export "returns_i32") (param i32 i32) (result i32)
    (i32.const 0))
  (global (export "pre_query") i32 (i32.const 0))
  (table (export "post_query") 1 funcref)
)
