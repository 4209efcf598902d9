;; wasi-stdio-flood: floods WASI stdout and stderr, and writes where it should not.
;;
;; Attack, by hook:
;;   run          writes a line to fd 1 and to fd 2, 1,000,000 times each. The line holds
;;                terminal escapes (clear screen, colours, window title, an OSC 8 hyperlink),
;;                BEL, backspaces, CR, a newline followed by a forged "[INFO] airlock: ..." line,
;;                a NUL and U+202E (right-to-left override)
;;   huge_write   one fd_write of 8 MiB of 'A' to fd 1, with no newline
;;   bad_iovecs   fd_write(1, ...) with: the iovec array outside memory; an iovec whose buffer
;;                wraps around 2^32; an iovec 2 GiB long; 0x20000000 iovecs; the nwritten
;;                pointer outside memory. Output: one errno byte per attempt (5 bytes)
;;   other_fds    fd_write to fds 0 and 3..10. Output: one errno byte per fd (9 bytes)
;; A correct host: stdout and stderr go to the plugin's log (docs/abi.md), so the log caps apply:
;; bytes and lines per call are capped, control characters and escapes are neutralized before
;; anything reaches a terminal or log file, and host heap stays bounded. Out-of-bounds iovecs
;; give EFAULT (21) or EINVAL (28), or trap, and nothing outside memory is read; writes to other
;; fds fail (EBADF = 8). The flood completes or times out.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
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
  ;; 256: an iovec for the line; 264: another iovec; 272: a byte count.
  (data (i32.const 256) "\10\00\00\00\76\00\00\00")

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  (func (export "run") (param i32 i32) (result i64)
    (local $i i32)
    (loop $flood
      (drop (call $fd_write (i32.const 1) (i32.const 256) (i32.const 1) (i32.const 272)))
      (drop (call $fd_write (i32.const 2) (i32.const 256) (i32.const 1) (i32.const 272)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $flood (i32.lt_u (local.get $i) (i32.const 1000000))))
    (i64.const 0))

  (func (export "huge_write") (param i32 i32) (result i64)
    (local $buf i32)
    (local.set $buf (call $alloc (i32.const 8388608)))
    (memory.fill (local.get $buf) (i32.const 0x41) (i32.const 8388608))
    (i32.store (i32.const 264) (local.get $buf))
    (i32.store (i32.const 268) (i32.const 8388608))
    (drop (call $fd_write (i32.const 1) (i32.const 264) (i32.const 1) (i32.const 272)))
    (i64.const 0))

  (func (export "bad_iovecs") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.const 5)))
    (i32.store8 offset=0 (local.get $out)
      (call $fd_write (i32.const 1) (i32.const 0xFFFFFFF8) (i32.const 1) (i32.const 272)))
    (i32.store (i32.const 264) (i32.const 0xFFFFFFF0))
    (i32.store (i32.const 268) (i32.const 0x20))
    (i32.store8 offset=1 (local.get $out)
      (call $fd_write (i32.const 1) (i32.const 264) (i32.const 1) (i32.const 272)))
    (i32.store (i32.const 264) (i32.const 0))
    (i32.store (i32.const 268) (i32.const 0x7FFFFFFF))
    (i32.store8 offset=2 (local.get $out)
      (call $fd_write (i32.const 1) (i32.const 264) (i32.const 1) (i32.const 272)))
    (i32.store8 offset=3 (local.get $out)
      (call $fd_write (i32.const 1) (i32.const 256) (i32.const 0x20000000) (i32.const 272)))
    (i32.store8 offset=4 (local.get $out)
      (call $fd_write (i32.const 1) (i32.const 256) (i32.const 1) (i32.const 0xFFFFFFFE)))
    (call $pack (local.get $out) (i32.const 5)))

  (func (export "other_fds") (param i32 i32) (result i64)
    (local $out i32)
    (local $fd i32)
    (local.set $out (call $alloc (i32.const 9)))
    (i32.store8 (local.get $out)
      (call $fd_write (i32.const 0) (i32.const 256) (i32.const 1) (i32.const 272)))
    (local.set $fd (i32.const 3))
    (loop $fds
      (i32.store8 (i32.add (local.get $out) (i32.sub (local.get $fd) (i32.const 2)))
        (call $fd_write (local.get $fd) (i32.const 256) (i32.const 1) (i32.const 272)))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $fds (i32.le_u (local.get $fd) (i32.const 10))))
    (call $pack (local.get $out) (i32.const 9)))
)
