/** Types shared by every Airlock capability, starting with the root exception. */
package dev.airlock;
