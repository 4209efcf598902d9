;; uncaught-exception: throws a WebAssembly exception that nothing catches.
;;
;; Attack: uses the exception-handling proposal's tag and throw; "run" throws $boom with payload
;; 42 out of the hook. (Chicory 1.7.5 runs throw; it does not parse the legacy try/catch.)
;; A correct host: treats it like a trap (a plugin error for this call), never lets the runtime's
;; exception type escape to the host application, and discards the instance.
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

  (tag $boom (param i32))

  (func (export "run") (param i32 i32) (result i64)
    (throw $boom (i32.const 42)))
)
