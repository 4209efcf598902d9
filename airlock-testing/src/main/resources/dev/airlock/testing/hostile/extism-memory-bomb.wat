;; extism-memory-bomb: exhausts Extism kernel memory and plugin variables.
;;
;; Attack, by export (each () -> i32):
;;   run       calls alloc(1 MiB) until it returns 0, never freeing; in Airlock the kernel's
;;             blocks live outside the plugin's linear memory, so a cap on that memory alone
;;             does not stop it
;;   var_bomb  var_set()s 1,000,000 distinct 8-byte binary keys (not UTF-8), each with a fresh
;;             64 KiB value block
;; A correct host: counts kernel blocks against the plugin's memory cap (alloc returns 0 past it,
;; or the call ends with a memory-limit error), caps variable count and bytes, and keeps host heap
;; bounded. The loops end when alloc returns 0; otherwise the call's budget ends them.
(module
  (import "extism:host/env" "alloc" (func $kernel_alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (memory (export "memory") 1)

  (func (export "run") (result i32)
    (loop $bomb
      (br_if $bomb (i64.ne (call $kernel_alloc (i64.const 1048576)) (i64.const 0))))
    (i32.const 0))

  (func (export "var_bomb") (result i32)
    (local $i i64)
    (local $key i64)
    (local $value i64)
    (block $done
      (loop $bomb
        (local.set $key (call $kernel_alloc (i64.const 8)))
        (local.set $value (call $kernel_alloc (i64.const 65536)))
        (br_if $done (i64.eqz (local.get $key)))
        (br_if $done (i64.eqz (local.get $value)))
        (call $store_u64 (local.get $key) (i64.or (local.get $i) (i64.const 0x8080808080808080)))
        (call $var_set (local.get $key) (local.get $value))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br_if $bomb (i64.lt_u (local.get $i) (i64.const 1000000)))))
    (i32.const 0))
)
