"use client";

export function Widget() {
  // ok: RC303
  fetch("/api/ping");
  return null;
}
