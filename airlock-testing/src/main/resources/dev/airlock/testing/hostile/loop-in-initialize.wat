;; loop-in-initialize: a WASI reactor whose _initialize never returns.
;;
;; Attack: docs/abi.md says the host calls _initialize once per instance before anything else;
;; this one spins forever, so the plugin never becomes ready. Its hook is harmless. (Chicory 1.7.5
;; never calls _initialize itself: the host does, as an ordinary export call.)
;; A correct host: runs _initialize under a budget (as for any call), reports a timeout while
;; loading or instantiating, keeps no half-initialized instance, and stays responsive for other
;; plugins.
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

  (func (export "_initialize")
    (loop $spin (br $spin)))

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
