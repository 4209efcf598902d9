;; wrong-import-signature: imports a real raw-ABI function with the wrong type.
;;
;; Attack: env.kv_get exists in the raw ABI as (i32, i32, i32, i32) -> i32; this module imports
;; it as (i64) -> i64. A host that links by name only would call its Java code with the wrong
;; argument count and types.
;; A correct host: refuses the module at load, naming env.kv_get, the expected type and the
;; declared one.
(module
  (import "env" "kv_get" (func $kv_get (param i64) (result i64)))
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

  (func (export "run") (param i32 i32) (result i64)
    (call $kv_get (i64.const 0)))
)
