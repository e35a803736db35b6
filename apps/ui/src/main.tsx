import { render } from "preact";

render(<p>Herald</p>, document.getElementById("app") as HTMLElement);
