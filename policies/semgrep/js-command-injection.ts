import { exec, execFile } from "node:child_process";

export function thumbnail(file: string) {
  // ruleid: js-shell-command-from-strings
  exec(`convert ${file} -resize 200x200 thumb.png`);
  // ok: js-shell-command-from-strings
  execFile("convert", [file, "-resize", "200x200", "thumb.png"]);
}
