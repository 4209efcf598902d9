;; data-segment-out-of-bounds: an active data segment that does not fit in memory.
;;
;; Attack: memory is one page and a 16-byte data segment starts 6 bytes before its end, so
;; instantiation traps ("out of bounds memory access") while initializing memory, before any
;; plugin code runs.
;; A correct host: reports a load failure naming the trap, keeps no partly initialized instance,
;; and is otherwise unaffected.
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

  (data (i32.const 65530) "0123456789abcdef")

  (func (export "run") (param i32 i32) (result i64)
    (i64.const 0))
)
