;; wasi-environment: reads the WASI environment and arguments and leaks what it finds.
;;
;; Attack, by hook:
;;   run           environ_sizes_get + environ_get; writes every "KEY=value" it got to stdout and
;;                 returns them as output (NUL-separated, as WASI lays them out)
;;   args          the same with args_sizes_get + args_get
;;   bad_pointers  environ_sizes_get, environ_get, args_sizes_get and args_get with pointers
;;                 0xFFFFFFF0 (outside memory); output: one errno byte per call (4 bytes)
;; A correct host, with nothing granted (the default): run returns no output (no variables; in
;; particular never the host process's own environment), args returns at most a program name,
;; and stdout gets nothing secret. With variables granted, exactly those appear. Out-of-bounds
;; pointers give EFAULT (21), or trap, and nothing outside memory is written.
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
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

  ;; 16: count; 20: buffer size; 24: an iovec; 32: a byte count.

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  ;; Writes size bytes at buf to stdout and returns them as output.
  (func $leak (param $buf i32) (param $size i32) (result i64)
    (if (i32.eqz (local.get $size)) (then (return (i64.const 0))))
    (i32.store (i32.const 24) (local.get $buf))
    (i32.store (i32.const 28) (local.get $size))
    (drop (call $fd_write (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 32)))
    (call $pack (local.get $buf) (local.get $size)))

  (func (export "run") (param i32 i32) (result i64)
    (local $ptrs i32)
    (local $buf i32)
    (if (call $environ_sizes_get (i32.const 16) (i32.const 20)) (then (return (i64.const 0))))
    (local.set $ptrs (call $alloc (i32.shl (i32.load (i32.const 16)) (i32.const 2))))
    (local.set $buf (call $alloc (i32.load (i32.const 20))))
    (if (call $environ_get (local.get $ptrs) (local.get $buf)) (then (return (i64.const 0))))
    (call $leak (local.get $buf) (i32.load (i32.const 20))))

  (func (export "args") (param i32 i32) (result i64)
    (local $ptrs i32)
    (local $buf i32)
    (if (call $args_sizes_get (i32.const 16) (i32.const 20)) (then (return (i64.const 0))))
    (local.set $ptrs (call $alloc (i32.shl (i32.load (i32.const 16)) (i32.const 2))))
    (local.set $buf (call $alloc (i32.load (i32.const 20))))
    (if (call $args_get (local.get $ptrs) (local.get $buf)) (then (return (i64.const 0))))
    (call $leak (local.get $buf) (i32.load (i32.const 20))))

  (func (export "bad_pointers") (param i32 i32) (result i64)
    (local $out i32)
    (local.set $out (call $alloc (i32.const 4)))
    (i32.store8 offset=0 (local.get $out)
      (call $environ_sizes_get (i32.const 0xFFFFFFF0) (i32.const 0xFFFFFFF0)))
    (i32.store8 offset=1 (local.get $out)
      (call $environ_get (i32.const 0xFFFFFFF0) (i32.const 0xFFFFFFF0)))
    (i32.store8 offset=2 (local.get $out)
      (call $args_sizes_get (i32.const 0xFFFFFFF0) (i32.const 0xFFFFFFF0)))
    (i32.store8 offset=3 (local.get $out)
      (call $args_get (i32.const 0xFFFFFFF0) (i32.const 0xFFFFFFF0)))
    (call $pack (local.get $out) (i32.const 4)))
)
