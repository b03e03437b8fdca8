/**
 * The audit policy: the event vocabulary, immutable policies and the cell-scoped contexts that carry
 * them. This module depends on nothing, so that the instrumentation and the kernel can share it and
 * so that a host can compile its callbacks against it alone.
 */
package jaudit.policy;
