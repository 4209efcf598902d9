;; huge-data-segment: a module that is mostly one 16 MiB data segment.
;;
;; Attack: a 257-page memory (16 MiB and one page) whose first 16 MiB are initialized from an
;; active data segment, so the module is about 16 MiB and every instantiation copies 16 MiB.
;; The segment's text below is the marker @16MiB@: HostileModules replaces it with 16 MiB of the
;; letter A before compiling, since a WAT file that size does not belong in source control.
;; A correct host: caps the wasm size it accepts, and refuses the module at load because its
;; declared initial memory passes the memory cap (Airlock's default cap is 16 MiB, 256 pages).
(module
  (memory (export "memory") 257)
  (data (i32.const 0) "@16MiB@")

  (global $next (mut i32) (i32.const 0x1000000))
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $next))
    (global.set $next (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (global.get $next) (i32.const 0x1010000)) (then unreachable))
    (local.get $ptr))
  (func (export "dealloc") (param i32 i32))

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
