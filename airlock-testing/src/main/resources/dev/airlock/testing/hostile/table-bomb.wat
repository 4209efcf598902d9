;; table-bomb: grows a table until the host says no.
;;
;; Attack: a funcref table declared with no maximum; "run" calls table.grow a million entries at
;; a time until it returns -1. Each entry costs host heap, and nothing in the memory cap counts it.
;; Output: the final table size in entries, as 4 little-endian bytes.
;; Chicory 1.7.5's only cap is 10,000,000 entries per table (TableLimits.LIMIT_MAX), about 9
;; million of them reached here; a table factory can impose a smaller one.
;; A correct host: caps table size (refuses tables whose declared or grown size passes its cap),
;; so table.grow returns -1 early or the call ends with a limit error; host heap stays bounded.
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

  (table $table 1 funcref)

  (func (export "run") (param i32 i32) (result i64)
    (block $full
      (loop $grow
        (br_if $full
          (i32.eq (table.grow $table (ref.null func) (i32.const 1000000)) (i32.const -1)))
        (br $grow)))
    (i32.store (i32.const 0) (table.size $table))
    (i64.const 4))
)
