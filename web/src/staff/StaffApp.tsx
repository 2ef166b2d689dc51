import { useLocation } from 'react-router-dom';

/** Staff pages (editor, administration, first setup, sign-in): one lazily loaded chunk. */
export default function StaffApp() {
  const location = useLocation();
  return <h1>{location.pathname}</h1>;
}
