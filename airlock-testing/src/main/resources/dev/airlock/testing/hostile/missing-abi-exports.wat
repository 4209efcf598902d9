;; missing-abi-exports: a hook with none of the raw ABI's other exports.
;;
;; Attack: the module exports only the hook "run"; there is no memory, alloc or dealloc export,
;; so the host has nowhere to put the input.
;; A correct host: refuses the module at load (or at the first call, before calling anything),
;; naming the missing exports.
(module
  (memory 1)
  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
