;; deep-recursion: unbounded recursion, the "call stack exhausted" trap.
;;
;; Attack: "run" calls itself with no base case; "run_fat_frames" does the same with 200 i64
;; locals per frame (more heap or JVM stack per frame); "run_mutual" recurses through two
;; functions; "run_indirect" recurses through call_indirect.
;; Chicory 1.7.5 has no depth limit of its own: on both engines the JVM thread's stack runs out
;; and Chicory rethrows the StackOverflowError as ChicoryException "call stack exhausted".
;; A correct host: turns stack exhaustion into a trap for this call only, never lets a
;; StackOverflowError escape to the host application or corrupt other plugins, and discards the
;; instance. The depth reached depends on the calling thread's stack size.
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

  (type $hook (func (param i32 i32) (result i64)))
  (table 1 funcref)
  (elem (i32.const 0) $run_indirect)

  (func $run (export "run") (param $ptr i32) (param $len i32) (result i64)
    (call $run (local.get $ptr) (i32.add (local.get $len) (i32.const 1))))

  (func $fat (export "run_fat_frames") (param $ptr i32) (param $len i32) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (call $fat (local.get $ptr) (i32.add (local.get $len) (i32.const 1))))

  (func $ping (export "run_mutual") (param $ptr i32) (param $len i32) (result i64)
    (call $pong (local.get $ptr) (local.get $len)))
  (func $pong (param $ptr i32) (param $len i32) (result i64)
    (call $ping (local.get $ptr) (local.get $len)))

  (func $run_indirect (export "run_indirect") (param $ptr i32) (param $len i32) (result i64)
    (call_indirect (type $hook) (local.get $ptr) (local.get $len) (i32.const 0)))
)
