;; declared-huge-maximum: a small memory whose declared maximum is larger than any cap.
;;
;; Attack: memory starts at 1 page with a declared maximum of 65536 pages (4 GiB). "run" grows it
;; to the declared maximum in one memory.grow and writes its last byte.
;; Output: the final memory size in pages, as 4 little-endian bytes.
;; A correct host: takes the smaller of the declared maximum and its own cap (it must not trust,
;; or pre-allocate, the declared maximum). The grow returns -1 and the plugin reports 1 page, or
;; the call ends with a memory-limit error.
(module
  (memory (export "memory") 1 65536)
  (global $next (mut i32) (i32.const 1024))
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $next))
    (global.set $next (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (global.get $next) (i32.const 65536)) (then unreachable))
    (local.get $ptr))
  (func (export "dealloc") (param i32 i32))

  (func (export "run") (param i32 i32) (result i64)
    (if (i32.ne (memory.grow (i32.const 65535)) (i32.const -1))
      (then (i32.store8 (i32.const -1) (i32.const 0xFF))))
    (i32.store (i32.const 0) (memory.size))
    (i64.const 4))
)
