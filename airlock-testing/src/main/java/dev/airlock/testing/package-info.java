/** Test fixtures shared by every module's tests. Depends on the JDK only. */
package dev.airlock.testing;
