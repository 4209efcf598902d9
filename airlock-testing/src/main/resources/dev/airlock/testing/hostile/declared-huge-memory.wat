;; declared-huge-memory: a module that asks for 4 GiB of memory up front.
;;
;; Attack: memory is declared with an initial size of 65536 pages (4 GiB, the most a 32-bit
;; memory can have). A host that instantiates it naively allocates 4 GiB before any plugin code
;; runs (Chicory 1.7.5 allocates initial pages eagerly: OutOfMemoryError). And Chicory's
;; withMemoryLimits does not refuse it: it replaces the declared limits, so the module silently
;; gets the host's initial size instead.
;; A correct host: reads the declared limits from the module and refuses it at load, before
;; instantiating, with a message naming the declared and the allowed page counts.
(module
  (memory (export "memory") 65536)
  (global $next (mut i32) (i32.const 1024))
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $next))
    (global.set $next (i32.add (local.get $ptr) (local.get $size)))
    (local.get $ptr))
  (func (export "dealloc") (param i32 i32))

  ;; Writes the very last byte of the 4 GiB.
  (func (export "run") (param i32 i32) (result i64)
    (i32.store8 (i32.const -1) (i32.const 0xFF))
    (i64.const 0))
)
