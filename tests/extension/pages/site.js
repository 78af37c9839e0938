// What the fixture sites do when the user posts, with their Post button or with Ctrl+Enter
// (Cmd+Enter on a Mac) in the composer, as X, LinkedIn, Mastodon and Bluesky do: record the text,
// as a real site would send it, and empty the composer. The key is recognised by its legacy
// keyCode, as Mastodon does.
function postWith(button, composer, readText, clear) {
  const post = () => {
    const item = document.createElement('li');
    item.className = 'post';
    item.textContent = readText();
    document.getElementById('posted').append(item);
    clear();
  };
  button.addEventListener('click', post);
  composer.addEventListener('keydown', (event) => {
    if (event.keyCode !== 13 || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    post();
  });
}
