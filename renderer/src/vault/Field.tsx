/**
 * The labelled input of the vault screens and the areas that import it from here: the component
 * layer's Field (renderer/src/ui/Field), same props (`label`, `help`, the input's own), plus `error`.
 * New code imports it from ui/ directly.
 */
export { Field } from '../ui/Field';
