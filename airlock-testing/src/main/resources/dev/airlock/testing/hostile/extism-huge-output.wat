;; extism-huge-output: abuses Extism's output_set and error_set.
;;
;; Attack, by export (each () -> i32):
;;   run                 allocates a 100 MiB kernel block and output_set()s all of it
;;   length_lie          output_set(16-byte block, 104857600): claims more than the block holds
;;   bogus_offset        output_set(0xDEADBEEF, 16): an offset the kernel never handed out
;;   huge_error          error_set() on a 100 MiB block, then returns 1 (failure)
;;   error_bogus_offset  error_set(0x7FFFFFFFFFFFFFFF), then returns 1
;; A correct host: refuses kernel allocations past its memory cap (alloc returns 0 or the call
;; ends with a memory-limit error), caps output and error text (an output-limit error naming the
;; sizes; an error message truncated to a sane length), checks offset and length against the
;; block it handed out, and reports an ABI violation for unknown offsets without reading outside
;; kernel memory. Host heap stays bounded.
(module
  (import "extism:host/env" "alloc" (func $kernel_alloc (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (memory (export "memory") 1)

  (func (export "run") (result i32)
    (call $output_set (call $kernel_alloc (i64.const 104857600)) (i64.const 104857600))
    (i32.const 0))

  (func (export "length_lie") (result i32)
    (call $output_set (call $kernel_alloc (i64.const 16)) (i64.const 104857600))
    (i32.const 0))

  (func (export "bogus_offset") (result i32)
    (call $output_set (i64.const 0xDEADBEEF) (i64.const 16))
    (i32.const 0))

  (func (export "huge_error") (result i32)
    (call $error_set (call $kernel_alloc (i64.const 104857600)))
    (i32.const 1))

  (func (export "error_bogus_offset") (result i32)
    (call $error_set (i64.const 0x7FFFFFFFFFFFFFFF))
    (i32.const 1))
)
