;; atomic-wait: blocks forever in memory.atomic.wait32 (the threads proposal).
;;
;; Attack: memory is shared; "run" waits on address 0 for the value 0 with no timeout (-1).
;; Nothing will ever notify it, so the calling thread parks inside the runtime, not in a loop.
;; A correct host: refuses shared memory at load, or stops the call at its budget (the wait must
;; end on interrupt) and reports a timeout.
(module
  (memory (export "memory") 1 16 shared)
  (global $next (mut i32) (i32.const 1024))
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $next))
    (global.set $next (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (global.get $next) (i32.const 65536)) (then unreachable))
    (local.get $ptr))
  (func (export "dealloc") (param i32 i32))

  (func (export "run") (param i32 i32) (result i64)
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
    (i64.const 0))
)
