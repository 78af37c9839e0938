// What the fixture sites do when the user posts: record the text, as a real site would send it.
function postOnClick(button, readText) {
  button.addEventListener('click', () => {
    const item = document.createElement('li');
    item.className = 'post';
    item.textContent = readText();
    document.getElementById('posted').append(item);
  });
}
