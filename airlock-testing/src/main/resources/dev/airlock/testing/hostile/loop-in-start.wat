;; loop-in-start: a start function that never returns.
;;
;; Attack: the module's start function runs during instantiation itself (in Chicory, inside
;; Instance.Builder.build()), before the host can call anything, and spins forever.
;; A correct host: instantiates under a budget, reports a timeout while loading or instantiating,
;; and stays responsive for other plugins. Instantiating must never happen on a thread that cannot
;; be interrupted, such as one holding a lock other plugins need.
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

  (func $spin
    (loop $forever (br $forever)))
  (start $spin)

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
