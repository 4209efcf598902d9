;; wasi-clock-random: uses WASI clocks and randomness, allowed, and abuses them.
;;
;; Attack, by hook (run is allowed use, for contrast):
;;   run                    allowed use: clock_time_get(realtime) and clock_time_get(monotonic)
;;                          into bytes 0..15 of the output, random_get of 32 bytes into 16..47;
;;                          traps ("unreachable") if any of them fails. Output: 48 bytes
;;   sleep                  poll_oneoff with one relative monotonic-clock subscription of
;;                          2^63 - 1 ns (about 292 years)
;;   random_flood           random_get of 4 MiB, over and over, forever
;;   random_out_of_bounds   random_get(0xFFFFFFF0, 64) and random_get(0, 0x7FFFFFFF). Output: one
;;                          errno byte per call (2 bytes)
;; A correct host: serves run (clocks may be virtual or coarse; randomness may be seeded in
;; tests) and returns 48 bytes; stops sleep and random_flood at the call's budget with a timeout
;; (a sleeping host function must wake up on interrupt) or refuses poll_oneoff; answers the
;; out-of-bounds calls with EFAULT (21), or a trap, writing nothing outside memory.
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
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

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  (func (export "run") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.const 48)))
    (if (call $clock_time_get (i32.const 0) (i64.const 1) (local.get $out)) (then unreachable))
    (if (call $clock_time_get (i32.const 1) (i64.const 1) (i32.add (local.get $out) (i32.const 8)))
      (then unreachable))
    (if (call $random_get (i32.add (local.get $out) (i32.const 16)) (i32.const 32))
      (then unreachable))
    (call $pack (local.get $out) (i32.const 48)))

  (func (export "sleep") (param i32 i32) (result i64)
    (local $sub i32)
    ;; A 48-byte subscription: userdata u64 @0, tag u8 @8 (0 = clock), clock id u32 @16
    ;; (1 = monotonic), timeout u64 @24, precision u64 @32, flags u16 @40 (0 = relative).
    ;; Then a 32-byte event at +48 and the event count at +80.
    (local.set $sub (call $alloc (i32.const 88)))
    (memory.fill (local.get $sub) (i32.const 0) (i32.const 88))
    (i32.store offset=16 (local.get $sub) (i32.const 1))
    (i64.store offset=24 (local.get $sub) (i64.const 0x7FFFFFFFFFFFFFFF))
    (drop (call $poll_oneoff
      (local.get $sub) (i32.add (local.get $sub) (i32.const 48)) (i32.const 1)
      (i32.add (local.get $sub) (i32.const 80))))
    (i64.const 0))

  (func (export "random_flood") (param i32 i32) (result i64)
    (local $buf i32)
    (local.set $buf (call $alloc (i32.const 4194304)))
    (loop $flood
      (drop (call $random_get (local.get $buf) (i32.const 4194304)))
      (br $flood))
    unreachable)

  (func (export "random_out_of_bounds") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.const 2)))
    (i32.store8 offset=0 (local.get $out) (call $random_get (i32.const 0xFFFFFFF0) (i32.const 64)))
    (i32.store8 offset=1 (local.get $out) (call $random_get (i32.const 0) (i32.const 0x7FFFFFFF)))
    (call $pack (local.get $out) (i32.const 2)))
)
