;; loop-in-dealloc: a dealloc export that never returns.
;;
;; Attack: the hook returns valid output ("hello" at offset 16), and then the host's
;; dealloc(out_ptr, out_len) spins forever, after the plugin's real work is done.
;; A correct host: counts dealloc against the call's budget too, reports a timeout for the call,
;; and discards the instance.
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "hello")

  (func (export "alloc") (param i32) (result i32)
    (i32.const 1024))
  (func (export "dealloc") (param i32 i32)
    (loop $spin (br $spin)))

  (func (export "run") (param i32 i32) (result i64)
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 5)))
)
