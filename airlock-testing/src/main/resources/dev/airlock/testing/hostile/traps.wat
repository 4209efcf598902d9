;; traps: one hook per WebAssembly trap kind.
;;
;; Attack: every way the spec lets a running function trap. Each hook is a raw-ABI hook, so a
;; host can call it like any other. Call-stack exhaustion lives in deep-recursion.wat.
;; A correct host: reports each as a plugin trap that names what happened (the runtime's message,
;; e.g. "integer divide by zero"), leaves the host and other plugins unaffected, and discards or
;; resets the instance (a trap can leave memory half written).
;;
;; hook                         spec trap message
;; unreachable                  unreachable
;; divide_by_zero               integer divide by zero          (i32.div_u 1 0)
;; remainder_by_zero            integer divide by zero          (i64.rem_s 1 0)
;; integer_overflow             integer overflow                (i32.div_s INT_MIN -1)
;; invalid_conversion           invalid conversion to integer   (i32.trunc_f32_s NaN)
;; conversion_overflow          integer overflow                (i32.trunc_f64_s 1e10)
;; out_of_bounds_memory         out of bounds memory access     (i32.load at 0xFFFFFFFC)
;; out_of_bounds_memory_offset  out of bounds memory access     (i64.load offset=0xFFFFFFFF)
;; out_of_bounds_bulk_memory    out of bounds memory access     (memory.fill across the end)
;; out_of_bounds_table          out of bounds table access      (table.get 100, table size 4)
;; undefined_element            undefined element               (call_indirect 100)
;; uninitialized_element        uninitialized element           (call_indirect of a null slot)
;; indirect_call_type_mismatch  indirect call type mismatch     (call_indirect, wrong type)
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

  (type $void (func))
  (type $i32_to_i32 (func (param i32) (result i32)))
  ;; Slots 0 and 1 hold $nothing; slots 2 and 3 are null.
  (table $table 4 funcref)
  (elem (i32.const 0) $nothing $nothing)
  (func $nothing)

  (func (export "unreachable") (param i32 i32) (result i64)
    unreachable)

  (func (export "divide_by_zero") (param i32 i32) (result i64)
    (drop (i32.div_u (i32.const 1) (i32.const 0)))
    (i64.const 0))

  (func (export "remainder_by_zero") (param i32 i32) (result i64)
    (drop (i64.rem_s (i64.const 1) (i64.const 0)))
    (i64.const 0))

  (func (export "integer_overflow") (param i32 i32) (result i64)
    (drop (i32.div_s (i32.const 0x80000000) (i32.const -1)))
    (i64.const 0))

  (func (export "invalid_conversion") (param i32 i32) (result i64)
    (drop (i32.trunc_f32_s (f32.const nan)))
    (i64.const 0))

  (func (export "conversion_overflow") (param i32 i32) (result i64)
    (drop (i32.trunc_f64_s (f64.const 1e10)))
    (i64.const 0))

  (func (export "out_of_bounds_memory") (param i32 i32) (result i64)
    (drop (i32.load (i32.const 0xFFFFFFFC)))
    (i64.const 0))

  ;; Address 1 + offset 0xFFFFFFFF is past 4 GiB: a 32-bit address computation would wrap to 0.
  (func (export "out_of_bounds_memory_offset") (param i32 i32) (result i64)
    (drop (i64.load offset=0xFFFFFFFF (i32.const 1)))
    (i64.const 0))

  ;; dst + len wraps around 2^32: a 32-bit bounds check would pass.
  (func (export "out_of_bounds_bulk_memory") (param i32 i32) (result i64)
    (memory.fill (i32.const 0xFFFFFF00) (i32.const 0) (i32.const 0x200))
    (i64.const 0))

  (func (export "out_of_bounds_table") (param i32 i32) (result i64)
    (drop (table.get $table (i32.const 100)))
    (i64.const 0))

  (func (export "undefined_element") (param i32 i32) (result i64)
    (call_indirect (type $void) (i32.const 100))
    (i64.const 0))

  (func (export "uninitialized_element") (param i32 i32) (result i64)
    (call_indirect (type $void) (i32.const 2))
    (i64.const 0))

  (func (export "indirect_call_type_mismatch") (param i32 i32) (result i64)
    (drop (call_indirect (type $i32_to_i32) (i32.const 7) (i32.const 0)))
    (i64.const 0))
)
