;; memory-bomb: grows linear memory until the host says no, then touches all of it.
;;
;; Attack: memory is declared with no maximum. "run" calls memory.grow one page at a time until
;; it returns -1, then writes the last byte of every page (so lazily committed memory is really
;; committed). "grow_at_once" asks for every remaining page in one memory.grow.
;; Output of both: the final memory size in pages, as 4 little-endian bytes.
;; A correct host: never lets memory pass its cap. memory.grow past the cap returns -1 (the
;; plugin then sees at most the cap and the call succeeds), or the call ends with a memory-limit
;; error. Host heap stays bounded; other plugins are unaffected.
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

  (func $touch_every_page
    (local $page i32)
    (block $done
      (loop $touch
        (br_if $done (i32.ge_u (local.get $page) (memory.size)))
        (i32.store8
          (i32.add (i32.shl (local.get $page) (i32.const 16)) (i32.const 65535))
          (i32.const 0xFF))
        (local.set $page (i32.add (local.get $page) (i32.const 1)))
        (br $touch))))

  (func $report_pages (result i64)
    (i32.store (i32.const 0) (memory.size))
    (i64.const 4))

  (func (export "run") (param i32 i32) (result i64)
    (block $full
      (loop $grow
        (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $grow)))
    (call $touch_every_page)
    (call $report_pages))

  (func (export "grow_at_once") (param i32 i32) (result i64)
    (drop (memory.grow (i32.sub (i32.const 65536) (memory.size))))
    (call $touch_every_page)
    (call $report_pages))
)
