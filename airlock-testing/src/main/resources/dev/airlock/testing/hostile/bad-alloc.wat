;; bad-alloc: an alloc that returns a pointer outside memory.
;;
;; Attack: alloc(size) always returns 0xFFFFFFF0, 16 bytes before 4 GiB, while memory is one page.
;; Writing the input there would go out of bounds, and ptr + size wraps around 2^32 for any input
;; longer than 16 bytes, so a 32-bit bounds check passes.
;; A correct host: checks [ptr, ptr + len) against memory in 64-bit before copying the input,
;; reports an ABI violation naming alloc, the pointer and the memory size, and never calls the
;; hook.
(module
  (memory (export "memory") 1)

  (func (export "alloc") (param i32) (result i32)
    (i32.const 0xFFFFFFF0))
  (func (export "dealloc") (param i32 i32))

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
