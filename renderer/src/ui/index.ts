// The component kit: use these instead of native <select>, <input type="file"> and bare buttons
// (lint refuses the first two outside this folder).
export { Button, IconButton, type ButtonProps, type ButtonVariant, type IconButtonProps } from './Button';
export { FileDrop, type FileDropProps } from './FileDrop';
export { Modal, type ModalProps } from './Modal';
export { Select, optionsOf, type SelectOption, type SelectProps } from './Select';
export { Tooltip, withShortcut } from './Tooltip';
export { askChoice, askText, nameRule } from './ask';
