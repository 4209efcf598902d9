;; multi-memory: a module with two linear memories (the multi-memory proposal).
;;
;; Attack: the ABI knows one memory, "memory"; a host that enforces its memory cap on that one
;; only can be bypassed through the second. "run" copies the input into the second memory;
;; "grow_second" grows the second memory a page at a time until memory.grow returns -1.
;; Output of "grow_second": the second memory's final size in pages, as 4 little-endian bytes.
;; Chicory 1.7.5 parses and runs multi-memory modules, and its withMemoryLimits caps memory 0 only
;; (a memory factory sees every memory's limits).
;; A correct host: refuses modules with more than one memory at load, or applies its cap to the
;; sum of all memories.
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
  (memory $second (export "memory2") 1)

  (func (export "run") (param $ptr i32) (param $len i32) (result i64)
    (if (i32.le_u (local.get $len) (i32.const 65536))
      (then (memory.copy 1 0 (i32.const 0) (local.get $ptr) (local.get $len))))
    (i64.const 0))

  (func (export "grow_second") (param i32 i32) (result i64)
    (block $full
      (loop $grow
        (br_if $full (i32.eq (memory.grow $second (i32.const 1)) (i32.const -1)))
        (br $grow)))
    (i32.store (i32.const 0) (memory.size $second))
    (i64.const 4))
)
