// Hash routing (#/data, #/evaluators): works the same under app://rung/ and in browser mode, no server routes needed.
import { useEffect, useState } from 'react';

function current(): string {
  return window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
}

export function useRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
