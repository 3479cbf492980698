// The type of `#tfjs-gradients`: a module imported only for its registrations.
export {};
