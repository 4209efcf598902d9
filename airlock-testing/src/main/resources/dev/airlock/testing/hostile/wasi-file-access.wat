;; wasi-file-access: tries to open, create and destroy files through WASI.
;;
;; Attack, by hook (outputs are one WASI errno byte per attempt, 0 meaning it worked):
;;   run         path_open on every fd 0..10 (stdio, the first preopen 3, and guesses) of
;;               "/etc/passwd", "../../../../../../../../etc/passwd", "etc/passwd", "." and
;;               "escape/passwd" (through the symlink "destroy" tries to plant); 55 bytes,
;;               fd-major (byte fd * 5 + path)
;;   exfiltrate  the same opens, but ".", on fds 3..10; the first that succeeds is read (up to
;;               4096 bytes) and returned as output, so any output at all is a leak
;;   create      path_open(O_CREAT | O_TRUNC) of "airlock-was-here" on fds 3..10, writing "pwned"
;;               into any that opens; 8 bytes
;;   destroy     on fds 3..10: path_unlink_file "etc/passwd", path_remove_directory ".",
;;               path_create_directory "airlock-dir", path_symlink "/etc" -> "escape",
;;               path_rename "a" -> "../a"; 40 bytes, fd-major
;;   preopens    fd_prestat_get on fds 0..10; 11 bytes
;; A correct host, with no directory granted (the default): every attempt fails (EBADF = 8 is
;; typical; ENOTDIR, ENOTCAPABLE or ENOSYS are fine); exfiltrate returns no output; no file is
;; created, changed or removed anywhere. With a directory granted, nothing outside it is reachable:
;; "..", absolute paths and symlinks (planted by the plugin or already there) stay inside, and
;; only what is in the directory can be read. (Chicory 1.7.5 refuses path_symlink, and absolute or
;; ".." paths, but follows a symlink already in a granted directory out of it.)
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file"
    (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory"
    (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink"
    (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename"
    (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
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

  ;; Paths, each at a fixed offset; lengths are in $path_len.
  (data (i32.const 16) "/etc/passwd")
  (data (i32.const 32) "../../../../../../../../etc/passwd")
  (data (i32.const 80) "etc/passwd")
  (data (i32.const 96) ".")
  (data (i32.const 112) "airlock-was-here")
  (data (i32.const 128) "airlock-dir")
  (data (i32.const 144) "/etc")
  (data (i32.const 160) "escape")
  (data (i32.const 176) "a")
  (data (i32.const 192) "../a")
  (data (i32.const 208) "pwned")
  (data (i32.const 232) "escape/passwd")
  ;; 256: the opened fd; 264: an iovec; 272: a byte count; 280: a prestat.

  ;; Path i (0..4) starts at byte i of 216 and its length is byte i of 224.
  (data (i32.const 216) "\10\20\50\60\e8")
  (data (i32.const 224) "\0b\22\0a\01\0d")
  (func $path (param $i i32) (result i32)
    (i32.load8_u offset=216 (local.get $i)))
  (func $path_len (param $i i32) (result i32)
    (i32.load8_u offset=224 (local.get $i)))

  (func $open (param $fd i32) (param $path i32) (param $len i32) (param $oflags i32) (result i32)
    (call $path_open
      (local.get $fd) (i32.const 1) (local.get $path) (local.get $len) (local.get $oflags)
      (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 256)))

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  (func (export "run") (param i32 i32) (result i64)
    (local $out i32)
    (local $fd i32)
    (local $p i32)
    (local.set $out (call $alloc (i32.const 55)))
    (loop $fds
      (local.set $p (i32.const 0))
      (loop $paths
        (i32.store8
          (i32.add
            (local.get $out)
            (i32.add (i32.mul (local.get $fd) (i32.const 5)) (local.get $p)))
          (call $open
            (local.get $fd)
            (call $path (local.get $p))
            (call $path_len (local.get $p))
            (i32.const 0)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $paths (i32.lt_u (local.get $p) (i32.const 5))))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $fds (i32.le_u (local.get $fd) (i32.const 10))))
    (call $pack (local.get $out) (i32.const 55)))

  (func (export "exfiltrate") (param i32 i32) (result i64)
    (local $buf i32)
    (local $fd i32)
    (local $p i32)
    (local.set $fd (i32.const 3))
    (loop $fds
      (local.set $p (i32.const 0))
      (loop $paths
        (if (i32.eqz
              (call $open
                (local.get $fd) (call $path (local.get $p)) (call $path_len (local.get $p))
                (i32.const 0)))
          (then
            (local.set $buf (call $alloc (i32.const 4096)))
            (i32.store (i32.const 264) (local.get $buf))
            (i32.store (i32.const 268) (i32.const 4096))
            (if (i32.eqz
                  (call $fd_read
                    (i32.load (i32.const 256)) (i32.const 264) (i32.const 1) (i32.const 272)))
              (then (return (call $pack (local.get $buf) (i32.load (i32.const 272))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        ;; Skips path 3, ".": a directory has nothing to read.
        (if (i32.eq (local.get $p) (i32.const 3))
          (then (local.set $p (i32.const 4))))
        (br_if $paths (i32.lt_u (local.get $p) (i32.const 5))))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $fds (i32.le_u (local.get $fd) (i32.const 10))))
    (i64.const 0))

  (func (export "create") (param i32 i32) (result i64)
    (local $out i32)
    (local $fd i32)
    (local $errno i32)
    (local.set $out (call $alloc (i32.const 8)))
    (local.set $fd (i32.const 3))
    (loop $fds
      ;; oflags 9 = O_CREAT | O_TRUNC
      (local.set $errno (call $open (local.get $fd) (i32.const 112) (i32.const 16) (i32.const 9)))
      (i32.store8
        (i32.add (local.get $out) (i32.sub (local.get $fd) (i32.const 3)))
        (local.get $errno))
      (if (i32.eqz (local.get $errno))
        (then
          (i32.store (i32.const 264) (i32.const 208))
          (i32.store (i32.const 268) (i32.const 5))
          (drop (call $fd_write
            (i32.load (i32.const 256)) (i32.const 264) (i32.const 1) (i32.const 272)))))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $fds (i32.le_u (local.get $fd) (i32.const 10))))
    (call $pack (local.get $out) (i32.const 8)))

  (func (export "destroy") (param i32 i32) (result i64)
    (local $out i32)
    (local $at i32)
    (local $fd i32)
    (local.set $out (call $alloc (i32.const 40)))
    (local.set $at (local.get $out))
    (local.set $fd (i32.const 3))
    (loop $fds
      (i32.store8 offset=0 (local.get $at)
        (call $path_unlink_file (local.get $fd) (i32.const 80) (i32.const 10)))
      (i32.store8 offset=1 (local.get $at)
        (call $path_remove_directory (local.get $fd) (i32.const 96) (i32.const 1)))
      (i32.store8 offset=2 (local.get $at)
        (call $path_create_directory (local.get $fd) (i32.const 128) (i32.const 11)))
      (i32.store8 offset=3 (local.get $at)
        (call $path_symlink
          (i32.const 144) (i32.const 4) (local.get $fd) (i32.const 160) (i32.const 6)))
      (i32.store8 offset=4 (local.get $at)
        (call $path_rename
          (local.get $fd) (i32.const 176) (i32.const 1)
          (local.get $fd) (i32.const 192) (i32.const 4)))
      (local.set $at (i32.add (local.get $at) (i32.const 5)))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $fds (i32.le_u (local.get $fd) (i32.const 10))))
    (call $pack (local.get $out) (i32.const 40)))

  (func (export "preopens") (param i32 i32) (result i64)
    (local $out i32)
    (local $fd i32)
    (local.set $out (call $alloc (i32.const 11)))
    (loop $fds
      (i32.store8 (i32.add (local.get $out) (local.get $fd))
        (call $fd_prestat_get (local.get $fd) (i32.const 280)))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $fds (i32.le_u (local.get $fd) (i32.const 10))))
    (call $pack (local.get $out) (i32.const 11)))
)
