;; lying-output: hooks that return output pointers and lengths outside their memory.
;;
;; Attack: memory is one page (64 KiB). Each hook returns (out_ptr << 32) | out_len with a range
;; that does not lie inside it:
;;   length_past_end   ptr 1024, len 0x7FFFFFFF: starts inside, ends 2 GiB later
;;   pointer_past_end  ptr 0x10000000 (256 MiB), len 16
;;   wrapping_range    ptr 0xFFFFFFF0, len 0x20: ptr + len wraps to 0x10 in 32-bit arithmetic,
;;                     so the check "ptr + len <= memorySize" on Java ints passes
;;   negative_length   ptr 1024, len 0xFFFFFFFF (-1 as a Java int)
;;   length_overflows_int
;;                     ptr 0x10000 (the end of memory), len 0x7FFF0000: ptr + len is 0x80000000,
;;                     negative as a Java int, so an int bounds check passes. Chicory 1.7.5's
;;                     Memory.readBytes(ptr, len) checks that way and then allocates a 2 GiB array
;;   all_ones          the whole i64 is -1
;; (length_past_end also passes that check: readBytes throws OutOfMemoryError "Requested array
;; size exceeds VM limit".)
;; A correct host: computes bounds in 64-bit (or with Math.addExact / Integer.compareUnsigned),
;; checks the range against memory before reading, reports an ABI violation naming the pointer,
;; length and memory size, reads nothing, and does not call dealloc with the bogus range.
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

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  (func (export "length_past_end") (param i32 i32) (result i64)
    (call $pack (i32.const 1024) (i32.const 0x7FFFFFFF)))

  (func (export "pointer_past_end") (param i32 i32) (result i64)
    (call $pack (i32.const 0x10000000) (i32.const 16)))

  (func (export "wrapping_range") (param i32 i32) (result i64)
    (call $pack (i32.const 0xFFFFFFF0) (i32.const 0x20)))

  (func (export "negative_length") (param i32 i32) (result i64)
    (call $pack (i32.const 1024) (i32.const 0xFFFFFFFF)))

  (func (export "length_overflows_int") (param i32 i32) (result i64)
    (call $pack (i32.const 0x10000) (i32.const 0x7FFF0000)))

  (func (export "all_ones") (param i32 i32) (result i64)
    (i64.const -1))
)
