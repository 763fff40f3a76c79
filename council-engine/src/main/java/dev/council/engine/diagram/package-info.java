/** Mermaid and ASCII diagrams of council topologies, and sequence diagrams of recorded runs. */
@NullMarked
package dev.council.engine.diagram;

import org.jspecify.annotations.NullMarked;
