/** An example host application: a miniature database proxy that embeds Airlock. */
package dev.airlock.examples.hostapp;
