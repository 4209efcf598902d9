;; declared-huge-table: a module that asks for a ten-million-entry table up front.
;;
;; Attack: a funcref table with an initial size of 10,000,000 entries. A host that instantiates
;; it allocates the table before any plugin code runs, outside any memory cap.
;; A correct host: reads the declared table limits and refuses the module at load when they pass
;; its cap, naming the declared and the allowed sizes.
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

  (table $table 10000000 funcref)

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
