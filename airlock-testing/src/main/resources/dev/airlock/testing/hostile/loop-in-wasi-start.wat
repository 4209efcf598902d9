;; loop-in-wasi-start: a WASI command entry point, _start, that never returns.
;;
;; Attack: plugins are reactors (docs/abi.md: the host calls _initialize, never _start), but this
;; module exports _start, and it spins forever. Chicory 1.7.5's Instance.Builder.build() calls an
;; exported _start by default (withStart(true)), so a host using Chicory's defaults hangs while
;; instantiating, outside any per-call budget.
;; A correct host: never calls _start (with Chicory, builds with withStart(false); the start
;; section still runs); may refuse modules that export it; instantiates under a budget anyway.
(module
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

  (func (export "_start")
    (loop $spin (br $spin)))

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
