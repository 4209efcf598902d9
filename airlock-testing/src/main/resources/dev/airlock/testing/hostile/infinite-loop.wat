;; infinite-loop: hooks that never return.
;;
;; Attack: a raw-ABI plugin whose hooks spin forever: a bare back-branch, a loop that calls a
;; function on every turn, a loop of bulk memory writes, and an observer hook (no result) that
;; spins.
;; A correct host: stops each call at its wall-clock or CPU budget and reports a timeout; the
;; calling thread is free again, the instance is discarded (its state is unknown), and other
;; plugins, and new instances of this one, keep answering.
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

  (func $nothing)

  ;; A bare back-branch: an interrupt can only be seen at the loop's back edge.
  (func (export "run") (param i32 i32) (result i64)
    (loop $spin (br $spin))
    unreachable)

  (func (export "run_calling") (param i32 i32) (result i64)
    (loop $spin
      (call $nothing)
      (br $spin))
    unreachable)

  ;; Each turn writes the whole first page: the time goes into bulk operations.
  (func (export "run_filling") (param i32 i32) (result i64)
    (loop $spin
      (memory.fill (i32.const 0) (i32.const 0xAA) (i32.const 65536))
      (br $spin))
    unreachable)

  (func (export "observe") (param i32 i32)
    (loop $spin (br $spin)))
)
