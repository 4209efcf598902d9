;; huge-output: a hook that returns 100 MiB of output.
;;
;; Attack: "run" allocates 100 MiB (1600 pages) of its own memory, fills it with 'A' and returns
;; it as its output: (out_ptr << 32) | 104857600. The pointer and length are honest.
;; A correct host: checks out_len against its output cap before copying anything, reports an
;; output-limit error naming both sizes, and never allocates 100 MiB on the host heap. (A host
;; whose memory cap is below 100 MiB stops it earlier: alloc traps when memory.grow returns -1.)
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

  (func (export "run") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.const 104857600)))
    (memory.fill (local.get $out) (i32.const 0x41) (i32.const 104857600))
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
      (i64.const 104857600)))
)
