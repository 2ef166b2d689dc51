export default function EditorApp() {
  return <h1>Editor</h1>;
}
