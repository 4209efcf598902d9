;; loop-in-alloc: an alloc export that never returns.
;;
;; Attack: the host calls alloc(len) to place the input before every hook call; this alloc spins
;; forever, so the hook is never reached.
;; A correct host: counts alloc (and dealloc) against the call's budget, reports a timeout for
;; the call, and discards the instance.
(module
  (memory (export "memory") 1)

  (func (export "alloc") (param i32) (result i32)
    (loop $spin (br $spin))
    unreachable)
  (func (export "dealloc") (param i32 i32))

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
