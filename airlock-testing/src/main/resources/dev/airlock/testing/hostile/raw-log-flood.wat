;; raw-log-flood: abuses the raw ABI's env.log.
;;
;; Attack, by hook:
;;   run            logs the same line 10,000,000 times. The line holds terminal escapes (clear
;;                  screen, colours, window title, an OSC 8 hyperlink), BEL, backspaces, CR, a
;;                  newline followed by a forged "[INFO] airlock: ..." line, a NUL, and U+202E
;;                  (right-to-left override)
;;   huge_message   one 8 MiB message of 'A', with no newline
;;   bad_pointer    log(2, 0xFFFFFFF0, 32) and log(2, 0, 0x7FFFFFFF): ranges outside memory
;;   bad_level      levels 99, -1 and 5 (the ABI defines 0 to 4)
;;   invalid_utf8   bytes that are not UTF-8: a lone continuation byte, an overlong NUL, a UTF-16
;;                  surrogate, and 0xFF
;; A correct host: caps log bytes and lines per call (dropping or truncating the rest and saying
;; how much it dropped), neutralizes control characters and escapes before anything reaches a
;; terminal or log file, so one plugin's line can never look like the host's own; traps or
;; reports an ABI violation for out-of-bounds ranges without reading outside memory; clamps or
;; rejects unknown levels; decodes invalid UTF-8 with replacement characters. The flood either
;; completes or times out; host heap stays bounded.
(module
  (import "env" "log" (func $log (param $level i32) (param $ptr i32) (param $len i32)))
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

  (data (i32.const 16) "\1b[2J\1b[H\1b[31;1mPWNED\1b[0m\07\08\08\08\0d"
    "[INFO] airlock: all plugins verified\0a"
    "\00\1b]0;owned\07"
    "\1b]8;;https://evil.example/\07click\1b]8;;\07"
    "\e2\80\ae\0a")
  (data (i32.const 512) "\80\c0\80\ed\a0\80\ff")

  (func (export "run") (param i32 i32) (result i64)
    (local $i i32)
    (loop $flood
      (call $log (i32.const 2) (i32.const 16) (i32.const 118))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $flood (i32.lt_u (local.get $i) (i32.const 10000000))))
    (i64.const 0))

  (func (export "huge_message") (param i32 i32) (result i64)
    (local $msg i32)
    (local.set $msg (call $alloc (i32.const 8388608)))
    (memory.fill (local.get $msg) (i32.const 0x41) (i32.const 8388608))
    (call $log (i32.const 2) (local.get $msg) (i32.const 8388608))
    (i64.const 0))

  (func (export "bad_pointer") (param i32 i32) (result i64)
    (call $log (i32.const 2) (i32.const 0xFFFFFFF0) (i32.const 32))
    (call $log (i32.const 2) (i32.const 0) (i32.const 0x7FFFFFFF))
    (i64.const 0))

  (func (export "bad_level") (param i32 i32) (result i64)
    (call $log (i32.const 99) (i32.const 16) (i32.const 118))
    (call $log (i32.const -1) (i32.const 16) (i32.const 118))
    (call $log (i32.const 5) (i32.const 16) (i32.const 118))
    (i64.const 0))

  (func (export "invalid_utf8") (param i32 i32) (result i64)
    (call $log (i32.const 3) (i32.const 512) (i32.const 7))
    (i64.const 0))
)
