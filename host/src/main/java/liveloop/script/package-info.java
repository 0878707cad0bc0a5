/**
 * Script files and watching them. The main entry point is {@link liveloop.script.ScriptWatcher},
 * which reports each saved, created or deleted script once per save; {@link
 * liveloop.script.ScriptFiles} says which files are scripts, lists them and reads them. This is
 * the only package that imports directory-watcher.
 */
package liveloop.script;
