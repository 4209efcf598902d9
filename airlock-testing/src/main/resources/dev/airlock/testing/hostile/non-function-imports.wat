;; non-function-imports: imports a memory, a table and a global from the host.
;;
;; Attack: the module imports env.memory (a memory), env.table (a table) and env.secret (an i64
;; global) instead of defining its own. Neither ABI lets a plugin import anything but functions;
;; a host that hands over a shared memory, table or global lets plugins reach each other.
;; A correct host: refuses the module at load, naming the first such import and its kind.
(module
  (import "env" "memory" (memory $memory 1))
  (import "env" "table" (table $table 1 funcref))
  (import "env" "secret" (global $secret i64))
  (export "memory" (memory $memory))
  (func (export "alloc") (param i32) (result i32)
    (i32.const 1024))
  (func (export "dealloc") (param i32 i32))

  (func (export "run") (param i32 i32) (result i64)
    (global.get $secret))
)
