;; extism-bad-offsets: calls Extism kernel functions with offsets it was never given.
;;
;; Attack, by export (each () -> i32):
;;   load          load_u8(-1) and load_u64(0xDEADBEEF)
;;   store         store_u8(-1, 1) and store_u64(0xDEADBEEF, 1)
;;   length        length(-1) and length(0xDEADBEEF)
;;   double_free   free() of the same block twice, then free(0xDEADBEEF)
;;   input         input_load_u8 and input_load_u64 far past the input's length
;; A correct host: bounds-checks every offset against the kernel's memory (and the input's length)
;; in 64-bit arithmetic, and answers with a trap or ABI violation (or the documented "unknown
;; block" result, such as length 0) without throwing an unchecked host exception, reading or
;; writing outside kernel memory, or corrupting other blocks.
(module
  (import "extism:host/env" "alloc" (func $kernel_alloc (param i64) (result i64)))
  (import "extism:host/env" "free" (func $free (param i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
  (memory (export "memory") 1)

  (func (export "load") (result i32)
    (drop (call $load_u8 (i64.const -1)))
    (drop (call $load_u64 (i64.const 0xDEADBEEF)))
    (i32.const 0))

  (func (export "store") (result i32)
    (call $store_u8 (i64.const -1) (i32.const 1))
    (call $store_u64 (i64.const 0xDEADBEEF) (i64.const 1))
    (i32.const 0))

  (func (export "length") (result i32)
    (drop (call $length (i64.const -1)))
    (drop (call $length (i64.const 0xDEADBEEF)))
    (i32.const 0))

  (func (export "double_free") (result i32)
    (local $block i64)
    (local.set $block (call $kernel_alloc (i64.const 64)))
    (call $free (local.get $block))
    (call $free (local.get $block))
    (call $free (i64.const 0xDEADBEEF))
    (i32.const 0))

  (func (export "input") (result i32)
    (drop (call $input_load_u8 (i64.const 0x7FFFFFFFFFFF)))
    (drop (call $input_load_u64 (i64.const -8)))
    (i32.const 0))
)
