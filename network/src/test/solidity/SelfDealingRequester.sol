// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

interface IMarketV {
    function submitTask(string calldata prompt, string calldata modelFamily, bytes32 evaluatorId, uint8 k, uint8 m,
        uint32 maxTokens, uint32 promptTokens, uint256 fee) external returns (uint256);
    function getParticipants(uint256 taskId) external view returns (address[] memory, address[] memory);
}

interface IApprove {
    function approve(address spender, uint256 amount) external returns (bool);
}

/// @title The code a self-dealing requester delegates its own account to with EIP-7702 (attack test only).
/// @notice It runs as the requester's EOA, so msg.sender == tx.origin holds in the market: it submits a
/// task, reads the draw in the same transaction and reverts unless its sybil validator was drawn. Against
/// protocol v1 (draw inside submitTask) this picks the draw within a few transactions; against v2 there
/// is nothing to read yet.
contract SelfDealingRequester {
    event Seen(uint256 taskId, uint256 miners, uint256 validators);

    function submitIfDrawn(address market, address token, string calldata prompt, string calldata family, bytes32 evaluator,
        uint8 k, uint8 m, uint32 maxTokens, uint256 fee, address sybil) external returns (uint256 id)
    {
        IApprove(token).approve(market, fee);
        id = IMarketV(market).submitTask(prompt, family, evaluator, k, m, maxTokens, uint32(bytes(prompt).length), fee);
        (address[] memory ms, address[] memory vs) = IMarketV(market).getParticipants(id);
        emit Seen(id, ms.length, vs.length);
        for (uint256 i = 0; i < vs.length; i++) {
            if (vs[i] == sybil) return id;
        }
        revert("sybil not drawn");
    }

    /// @notice The same submission without the check: reports what the code could see of the draw.
    function submitAndLook(address market, address token, string calldata prompt, string calldata family, bytes32 evaluator,
        uint8 k, uint8 m, uint32 maxTokens, uint256 fee) external returns (uint256 id)
    {
        IApprove(token).approve(market, fee);
        id = IMarketV(market).submitTask(prompt, family, evaluator, k, m, maxTokens, uint32(bytes(prompt).length), fee);
        (address[] memory ms, address[] memory vs) = IMarketV(market).getParticipants(id);
        emit Seen(id, ms.length, vs.length);
    }
}
