;; tail-call-loop: a hook that never returns, with no loop at all.
;;
;; Attack: the hook tail-calls itself (return_call, the tail-call proposal) forever. There is no
;; back-branch and the call stack never grows, so a host that only watches loops or stack depth
;; never sees it.
;; Chicory 1.7.5's interpreter runs it and never sees an interrupt (only an execution listener can
;; stop it); its compiler implements return_call as a plain call, so the stack runs out ("call
;; stack exhausted").
;; A correct host: refuses the module at load if it cannot stop tail calls, or stops the call at
;; its budget and reports a timeout, as for infinite-loop.
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

  (func $run (export "run") (param $ptr i32) (param $len i32) (result i64)
    (return_call $run (local.get $ptr) (local.get $len)))
)
