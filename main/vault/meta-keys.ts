/** The `vault_meta` key holding one account's last export folder per kind (main/services/files; removed with the account). */
export const exportFoldersKey = (accountId: string): string => `export_folders:${accountId}`;
