;; wasi-proc-exit: calls WASI proc_exit from a hook.
;;
;; Attack: "run" calls proc_exit(3); "exit_zero" calls proc_exit(0), which a careless host could
;; take for success with no output.
;; A correct host: never exits or halts the JVM; ends the call with a plugin error carrying the
;; exit code (0 included: a hook that exits did not return), and discards the instance (in
;; Chicory 1.7.5, proc_exit throws WasiExitException out of the call).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
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
    (call $proc_exit (i32.const 3))
    unreachable)

  (func (export "exit_zero") (param i32 i32) (result i64)
    (call $proc_exit (i32.const 0))
    unreachable)
)
