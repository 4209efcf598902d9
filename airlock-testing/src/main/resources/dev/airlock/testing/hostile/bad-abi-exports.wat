;; bad-abi-exports: the raw ABI's exports, each with the wrong kind or type.
;;
;; Attack: "memory" is a function, not a memory; alloc is (i64) -> i64 instead of (i32) -> i32;
;; dealloc is (i32) -> i32 instead of (i32, i32) -> (). Only the hook "run" is right.
;; A correct host: refuses the module at load (or at the first call, before calling anything),
;; naming the export, the expected kind or type and the declared one.
(module
  (func (export "memory"))
  (func (export "alloc") (param i64) (result i64)
    (i64.const 1024))
  (func (export "dealloc") (param i32) (result i32)
    (i32.const 0))

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
